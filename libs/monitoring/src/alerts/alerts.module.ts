import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DashboardService } from '../dashboard/dashboard.service.js';
import { AlertService } from './alert.service.js';

/**
 * Alerts and the dashboard's figures. The `Monitor` is provided by the app, next to its
 * `ReadinessProbe`, and takes the global SchedulerRegistry of the app's one
 * `ScheduleModule.forRoot()` (DatabaseModule's). Nest 12 keys dynamic modules by reference, not
 * by their options: a second `forRoot()` makes a second ScheduleModule, with its own registry and
 * explorer (a decorated job would run twice). The same holds for EventEmitterModule: import its
 * `forRoot()` here only.
 */
@Module({
  imports: [EventEmitterModule.forRoot()],
  providers: [AlertService, DashboardService],
  exports: [AlertService, DashboardService],
})
export class AlertsModule {}
