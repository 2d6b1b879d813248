# The Earshelf app: build with the full toolchain, run as a non-root user with production deps only.
FROM node:26-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx svelte-kit sync && npx vite build && npm prune --omit=dev

FROM node:26-bookworm-slim AS run
# Fonts: drawn covers set titles in type (sharp/Pango through fontconfig), Latin and Thai.
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg tini fontconfig fonts-dejavu-core fonts-thai-tlwg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
COPY --from=build /app/package.json /app/server.js ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/migrations ./migrations
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:3000/api/v1/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "server.js"]
