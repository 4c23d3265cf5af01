# syntax=docker/dockerfile:1
# Build: docker build -t procura .
# Run:   docker run --rm -p 8080:8080 -v $PWD/procura.toml:/etc/procura/procura.toml:ro \
#          -e PROCURA_CURSOR_SECRET=… procura
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY crates ./crates
COPY benches ./benches
COPY mappings ./mappings
COPY examples ./examples
COPY openapi.yaml ./
RUN cargo build --release --locked --bin procura

FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /app
COPY --from=build /src/target/release/procura /usr/local/bin/procura
COPY --from=build /src/mappings /app/mappings
COPY --from=build /src/examples/overrides /app/examples/overrides
USER nonroot
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=4s --retries=3 \
  CMD ["/usr/local/bin/procura", "health-check", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/procura"]
CMD ["serve", "--config", "/etc/procura/procura.toml"]
