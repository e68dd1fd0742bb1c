package dev.tailor.erasure;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ErasedIdentifierRepository implements PanacheRepositoryBase<ErasedIdentifier, String> {}
