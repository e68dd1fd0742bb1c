package dev.tailor.security;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Hashes of rotated-away secrets in PostgreSQL. */
@ApplicationScoped
public class RetiredKeyHashRepository implements PanacheRepositoryBase<RetiredKeyHash, String> {}
