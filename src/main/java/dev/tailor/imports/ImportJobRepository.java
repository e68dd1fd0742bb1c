package dev.tailor.imports;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Import jobs in PostgreSQL. */
@ApplicationScoped
public class ImportJobRepository implements PanacheRepository<ImportJob> {}
