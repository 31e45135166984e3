import 'reflect-metadata';
import { runHttpApp } from '@mostrador/http';
import { createSandboxApp } from './create-sandbox-app.js';

runHttpApp({
  name: 'sandbox',
  create: createSandboxApp,
  address: (settings) => ({ host: settings.sandbox.host, port: settings.sandbox.port }),
});
