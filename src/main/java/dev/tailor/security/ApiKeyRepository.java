package dev.tailor.security;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** API keys in PostgreSQL. */
@ApplicationScoped
public class ApiKeyRepository implements PanacheRepository<ApiKey> {}
