export { AllExceptionsFilter } from './all-exceptions.filter.js';
export { DependencyUnavailableException } from './dependency-unavailable.js';
export { errorBody, errorBodySchema, type ErrorBody } from './error-body.js';
export { installGracefulShutdown, type GracefulShutdownOptions } from './graceful-shutdown.js';
export { createHttpApp, type HttpAppOptions } from './http-app.factory.js';
export {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiErrorResponses,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
  ERROR_BODY_REF,
  openApiSchema,
  WhenDocumented,
} from './openapi.js';
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
