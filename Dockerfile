# syntax=docker/dockerfile:1
# Madang: the three apps in one image. Node 24 (the active LTS line). The build stage makes the
# server bundle (dist/, esbuild) and the pages (web/dist, Vite); the image runs the bundle.
ARG NODE_VERSION=24

# --- dependencies: installed once, without dev dependencies or install scripts (the native
# --- packages ship prebuilt binaries as optional dependencies; PGlite is WebAssembly)
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# --- build: the server bundle and the console's and people's pages
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:web && npm run build:server

# --- runtime: the dependencies, the bundle, the pages and the migrations, run by the unprivileged `node` user
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/web/dist ./web/dist
# Page templates and styles the server reads at run time sit beside their modules in src/.
COPY --chown=node:node src ./src
COPY --chown=node:node drizzle ./drizzle
COPY --chown=node:node scripts/healthcheck.mjs ./scripts/healthcheck.mjs
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080 8000 4001
# Liveness of every app the container serves (HEALTHCHECK_PORTS); readiness is the load balancer's business.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 CMD ["node", "scripts/healthcheck.mjs"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/main.js"]
CMD ["start"]
