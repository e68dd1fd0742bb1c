package dev.tailor.identity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A link, re-link, merge, separation or conflict of identity resolution, as recorded in PostgreSQL. */
@Entity
@Table(name = "identity_event")
public class IdentityRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** link, relink, merge, unmerge or conflict. */
    @Column(nullable = false)
    public String kind;

    /** The identifier linked ("u:", "a:" or "e:" and the value); null for a merge. */
    public String identifier;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    /** The customer merged (merge, unmerge) or holding the identifier before (relink, conflict). */
    @Column(name = "other_id")
    public String otherId;

    /** identify, alias or admin. */
    @Column(nullable = false)
    public String cause;

    @Column(name = "message_id")
    public String messageId;

    /** A merged profile's identifiers, space separated: what an unmerge gives back. */
    @Column(nullable = false)
    public String identifiers = "";

    @Column(nullable = false)
    public Instant at;
}
