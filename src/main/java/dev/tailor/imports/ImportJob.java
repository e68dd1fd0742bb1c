package dev.tailor.imports;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One bulk import: what it reads, how far it got, and what it refused. */
@Entity
@Table(name = "import_job")
public class ImportJob {

    /** QUEUED until a worker takes it, RUNNING, then DONE or FAILED (the error says why and where). */
    public enum Status {
        QUEUED,
        RUNNING,
        DONE,
        FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String kind;

    @Column(nullable = false)
    public String format;

    public String source;

    @Column(nullable = false)
    public String status;

    @Column(name = "file_bytes", nullable = false)
    public long fileBytes;

    @Column(name = "lines_read", nullable = false)
    public long linesRead;

    @Column(nullable = false)
    public long imported;

    @Column(nullable = false)
    public long refused;

    @Column(nullable = false)
    public long merged;

    /** The first refused lines, as a JSON array of {line, field, detail}. */
    @Column(nullable = false)
    public String refusals = "[]";

    public String error;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
