package dev.tailor.sync;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * A segment change bound for one destination and the attempts made to deliver it: the columns a pending delivery and
 * a dead letter share, each in a table of its own.
 */
@MappedSuperclass
public abstract class DestinationChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String destination;

    @Column(name = "customer_id", nullable = false)
    public String customerId;

    @Column(name = "change_id", nullable = false)
    public String changeId;

    @Column(nullable = false)
    public String payload;

    @Column(nullable = false)
    public int attempts;
}
