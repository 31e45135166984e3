export { AllExceptionsFilter } from './all-exceptions.filter.js';
export { DependencyUnavailableException } from './dependency-unavailable.js';
export { errorBody, errorBodySchema, type ErrorBody } from './error-body.js';
export { installGracefulShutdown, type GracefulShutdownOptions } from './graceful-shutdown.js';
export { createHttpApp, type HttpAppOptions } from './http-app.factory.js';
export { ApiErrorResponses, ERROR_BODY_REF, openApiSchema } from './openapi.js';
export { REQUEST_ID_HEADER, requestIdFor } from './request-id.js';
export {
  HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  HttpResponseTooLargeError,
  HttpTimeoutError,
} from './http-client.js';
export { secretEqual } from './secret-equal.js';
export { DOCS_PATH, type SwaggerOptions } from './swagger.setup.js';
export { describeIssues, ZodValidationPipe } from './zod-validation.pipe.js';
export { runHttpApp, type HttpAppEntry } from './run-http-app.js';
