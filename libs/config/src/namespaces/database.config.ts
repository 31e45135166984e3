import { z } from 'zod';
import { defineNamespace } from '../namespace.js';

// Step 2 (persistence) fills this namespace: DATA_DIR, DATABASE_URL, SUPABASE_URL,
// SUPABASE_SERVICE_ROLE_KEY, pool size, migrations at start, retention…
export const databaseNamespace = defineNamespace({
  variables: z.object({}),
  build() {
    return {};
  },
});
