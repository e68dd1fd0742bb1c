package dev.tailor.sync;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** ESP destinations in PostgreSQL. */
@ApplicationScoped
public class DestinationRepository implements PanacheRepository<Destination> {

    public Uni<Destination> findByName(String name) {
        return find("name", name).firstResult();
    }
}
