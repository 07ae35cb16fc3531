#!/bin/sh
echo "The native Prisma schema engine is not installed here. Use 'npm run db:migrate' (WebAssembly engine) instead of 'prisma migrate'." >&2
exit 1
