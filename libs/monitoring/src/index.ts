export { type ReadinessPart, ReadinessProbe, type ReadinessReport } from './health/readiness.js';
export { ACTIVE_CONVERSATION_MS, DomainMetrics } from './metrics/domain-metrics.js';
export { type GaugeReading, METRIC, MetricsService } from './metrics/metrics.service.js';
export { MonitoringModule } from './monitoring.module.js';
export { MemoryHealthIndicator } from './health/memory.health-indicator.js';
