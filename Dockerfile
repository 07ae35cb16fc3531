# syntax=docker/dockerfile:1
# The bot's container image: build once, run the compiled bot on a slim Node as a non-root user.
#   docker build -t quiz-bot .
#   docker run -e DISCORD_TOKEN=... -v quiz-data:/app/data quiz-bot
# See README.md, "Container image". test/unit/dockerfile.test.ts lints these rules, and
# test/e2e/container-tree.test.ts builds the runtime stage's tree without Docker and starts the bot from it.

# 1. Build: every dependency (the Prisma CLI generates the clients at install), then src/ and
#    commands/ (with the generated clients) compiled to dist/.
FROM node:24.22.3-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts tsconfig.json ./
COPY prisma ./prisma
COPY src ./src
COPY commands ./commands
RUN npm ci && npm run build

# 2. Production dependencies only. Install scripts are skipped (postinstall would run
#    `prisma generate`, which the compiled dist/ no longer needs) except better-sqlite3's native build.
#    Then the build-time tools go: the Prisma CLI and what only it uses, esbuild and tsx. The bot
#    never imports them (it migrates with @prisma/schema-engine-wasm); the container-tree test proves it.
FROM node:24.22.3-bookworm AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
  && npm rebuild better-sqlite3 \
  && rm -rf node_modules/prisma node_modules/@prisma/studio-core node_modules/@prisma/dev node_modules/esbuild node_modules/@esbuild node_modules/tsx node_modules/.bin \
  && rm -rf node_modules/better-sqlite3/build/Release/obj node_modules/better-sqlite3/build/Release/.deps node_modules/better-sqlite3/deps

# 3. Runtime: Node, the production dependencies, the compiled bot and the files it reads
#    (migrations and schema, the question bank). Nothing here is writable by the bot but /app/data.
FROM node:24.22.3-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    DATABASE_URL=file:/app/data/quiz.db
WORKDIR /app
COPY package.json ./
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY prisma ./prisma
COPY src/bank/data ./src/bank/data
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# /healthz answers 200 once the store is migrated, the bank loaded and the bot connected. Node's own
# fetch: the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself, not npm: SIGTERM from `docker stop` or Kubernetes reaches the bot, which shuts down cleanly.
CMD ["node", "--optimize-for-size", "dist/src/main.js"]
