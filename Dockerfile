# syntax=docker/dockerfile:1
FROM rust:1-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
COPY mappings ./mappings
COPY openapi.yaml ./
RUN cargo build --release --locked --bin procura

FROM gcr.io/distroless/cc-debian12:nonroot
WORKDIR /app
COPY --from=build /src/target/release/procura /usr/local/bin/procura
COPY --from=build /src/mappings /app/mappings
USER nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/procura"]
CMD ["serve", "--config", "/etc/procura/procura.toml"]
