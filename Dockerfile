# doxy's image: a build stage with the dev dependencies builds the server bundle and the web app; the final stage
# holds only those, the production dependencies and package.json, and runs doxy as a non-root user.
#   docker build -t doxy .                       (the official Node image; npm run image builds it without a registry)
#   docker run --rm doxy --help
# NODE_IMAGE is a build argument so that a machine without a registry can build on a stand-in (scripts/build-image).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The build, then only what runs: production dependencies, and the folders the final stage takes with their owner.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out/app/web /out/data /out/run-doxy \
 && cp -r dist node_modules package.json /out/app/ \
 && cp -r web/dist /out/app/web/

FROM ${NODE_IMAGE}
# The app is root's and read-only to doxy; only the store and the sockets are doxy's (uid 1000, "node" in the Node
# image). The Docker socket's group is the host's: add it with --group-add (see the README).
COPY --from=build /out/app /app
COPY --from=build --chown=1000:1000 /out/data /data
COPY --from=build --chown=1000:1000 /out/run-doxy /run/doxy
# Defaults that suit a container; each has its flag, which wins. The admin app listens on every address of the
# container so that it can be published (-p 127.0.0.1:7080:7080); nothing outside reaches it unless you publish it or
# share the container's network, and every call needs the token doxy prints at start. --admin-address none turns it off.
ENV NODE_ENV=production \
    DOXY_DB_FILE=/data/db.json \
    DOXY_PROXY_SOCKET=/run/doxy/doxy.sock \
    DOXY_HEALTH_FILE=/run/doxy/health.json \
    DOXY_ADMIN_ADDRESS=0.0.0.0:7080
VOLUME ["/data"]
EXPOSE 7080
USER 1000:1000
WORKDIR /app
# doxy's own check (every socket listens, the Docker socket answers /_ping): it reads DOXY_HEALTH_FILE, so it works
# whatever flags the container was started with.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
  CMD ["node", "/app/dist/server/main.js", "--health-check"]
ENTRYPOINT ["node", "/app/dist/server/main.js"]
