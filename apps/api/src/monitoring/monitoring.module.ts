import { Module } from '@nestjs/common';

/** The monitor (alerts every MONITOR_INTERVAL_MS) and the dashboard: GET /monitoring/dashboard and the page at /monitoring. */
@Module({})
export class MonitoringDashboardModule {}
