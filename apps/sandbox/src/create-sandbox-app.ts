import type { Settings } from '@mostrador/config';
import { createHttpApp } from '@mostrador/http';
import type { AppLogger } from '@mostrador/logging';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SandboxModule } from './sandbox.module.js';

/** The sandbox as `main.ts` runs it and as the suites boot it. */
export function createSandboxApp(settings: Settings, logger: AppLogger): Promise<NestFastifyApplication> {
  return createHttpApp(SandboxModule.register(settings, logger), {
    logger,
    bodyLimitBytes: settings.app.bodyLimitBytes,
    trustProxy: false,
    swagger: {
      title: 'Mostrador sandbox',
      description:
        "Local stand-ins for the outside world, for the demo and the tests: the shop's SOAP inventory service (on its own port; faults under /sandbox/inventory), Meta's Graph API, a customer's chat page, and an OpenAI-compatible LLM played by a scripted sales policy (/v1, for LLM_BASE_URL=http://127.0.0.1:3100/v1; faults under /sandbox/llm).",
      version: '0.1.0',
    },
  });
}
