import { AlertsModule, Monitor } from '@mostrador/monitoring';
import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from '../admin/admin-api-key.guard.js';
import { HealthModule } from '../health/health.module.js';
import { MonitoringDashboardController } from './monitoring-dashboard.controller.js';

/**
 * The monitor (alerts every MONITOR_INTERVAL_MS, over the readiness check HealthModule provides)
 * and the dashboard: GET /monitoring/dashboard and the page at /monitoring.
 */
@Module({
  imports: [AlertsModule, HealthModule],
  controllers: [MonitoringDashboardController],
  providers: [Monitor, AdminApiKeyGuard],
})
export class MonitoringDashboardModule {}
