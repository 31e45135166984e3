export { type ReadinessPart, ReadinessProbe, type ReadinessReport } from './health/readiness.js';
export { METRIC, MetricsService } from './metrics/metrics.service.js';
export { MonitoringModule } from './monitoring.module.js';
