import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

// Prisma's native schema engine cannot be downloaded here or on an air-gapped server. `prisma
// generate` only needs its path to exist; migrations run through the WebAssembly engine instead
// (src/store/migrate.ts). The stand-in fails loudly, so a `prisma migrate` never "succeeds" silently.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(new URL('./src/store/no-schema-engine.sh', import.meta.url));

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
