package dev.tailor.erasure;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ErasureRepository implements PanacheRepositoryBase<Erasure, UUID> {}
