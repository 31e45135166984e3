import { z } from 'zod';
import { defineNamespace } from '../namespace.js';

// Step 3 (inventory over SOAP) fills this namespace: INVENTORY_WSDL_URL, timeouts…
export const inventoryNamespace = defineNamespace({
  variables: z.object({}),
  build() {
    return {};
  },
});
