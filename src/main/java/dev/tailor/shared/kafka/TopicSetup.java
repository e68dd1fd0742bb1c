package dev.tailor.shared.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes Tailor's topics at start when the broker lacks them, with the configuration the design needs, and checks
 * the event log's retention when it exists: whoever made a topic (a script, compose, a broker that auto-creates
 * topics), the event log must keep every record, since replay, warm-up and unmerge rebuild facts from all of it.
 * Kafka unreachable at start is not fatal (renders do not need it; ingest answers 503): the topics stay unchecked
 * and that is logged.
 */
@ApplicationScoped
public class TopicSetup {

    private final TopicsConfig config;
    private final String bootstrapServers;
    private final String eventLog;
    private final List<String> deadLetters;
    private final String segmentChanges;

    public TopicSetup(
            TopicsConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "mp.messaging.incoming.events-in.topic") String eventLog,
            @ConfigProperty(name = "mp.messaging.incoming.events-in.dead-letter-queue.topic") String eventDeadLetters,
            @ConfigProperty(name = "mp.messaging.incoming.segment-changes-in.topic") String segmentChanges,
            @ConfigProperty(name = "mp.messaging.incoming.segment-changes-in.dead-letter-queue.topic")
                    String segmentChangeDeadLetters) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.eventLog = eventLog;
        this.deadLetters = List.of(eventDeadLetters, segmentChangeDeadLetters);
        this.segmentChanges = segmentChanges;
    }

    /**
     * Before the rule sets come into service (RuleSetBootstrap), whose back-fill of newly declared facts reads the
     * event log, and before the messaging channels start: the topics exist, as configured, before anything uses them.
     */
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE - 300) StartupEvent start) {
        if (!config.manage()) {
            return;
        }
        try {
            ensure();
        } catch (TimeoutException e) {
            Log.warnf(
                    "Kafka topics not checked: no answer from %s within %s; the event log's retention is unknown",
                    bootstrapServers, config.checkTimeout());
        }
    }

    /**
     * Makes the missing topics and checks the event log's retention.
     *
     * @throws EventLogRetentionException when the event log deletes records and {@code on-short-retention} is fail
     * @throws TimeoutException when Kafka does not answer within the check timeout
     */
    public void ensure() throws TimeoutException {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        int timeoutMs = (int) config.checkTimeout().toMillis();
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(properties)) {
            createMissing(admin);
            checkEventLog(admin);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("Interrupted while checking Kafka topics");
        }
    }

    private void createMissing(Admin admin) throws TimeoutException, InterruptedException {
        Set<String> existing = get(admin.listTopics().names());
        List<NewTopic> missing = new ArrayList<>();
        if (!existing.contains(eventLog)) {
            missing.add(topic(
                    eventLog, Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1")));
        }
        String deadLetterRetention = Long.toString(config.deadLetterRetention().toMillis());
        deadLetters.stream()
                .filter(name -> !existing.contains(name))
                .forEach(
                        name -> missing.add(topic(name, Map.of(TopicConfig.RETENTION_MS_CONFIG, deadLetterRetention))));
        if (!existing.contains(segmentChanges)) {
            missing.add(topic(segmentChanges, Map.of()));
        }
        for (NewTopic topic : missing) {
            try {
                get(admin.createTopics(List.of(topic)).all());
                Log.infof(
                        "Created Kafka topic %s (%d partitions, %s)",
                        topic.name(), topic.numPartitions(), topic.configs());
            } catch (IllegalStateException e) {
                // Another node made it meanwhile: its configuration is checked like any existing topic's.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private NewTopic topic(String name, Map<String, String> configs) {
        return new NewTopic(name, Optional.of(config.partitions()), config.replicationFactor())
                .configs(new HashMap<>(configs));
    }

    private void checkEventLog(Admin admin) throws TimeoutException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, eventLog);
        Config topicConfig = get(admin.describeConfigs(List.of(resource)).all()).get(resource);
        long retentionMs =
                Long.parseLong(topicConfig.get(TopicConfig.RETENTION_MS_CONFIG).value());
        long retentionBytes = Long.parseLong(
                topicConfig.get(TopicConfig.RETENTION_BYTES_CONFIG).value());
        String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        List<String> losses = new ArrayList<>();
        if (retentionMs >= 0) {
            losses.add("retention.ms=" + retentionMs + " (" + Duration.ofMillis(retentionMs) + ")");
        }
        if (retentionBytes >= 0) {
            losses.add("retention.bytes=" + retentionBytes);
        }
        if (policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            losses.add("cleanup.policy=" + policy);
        }
        if (losses.isEmpty()) {
            return;
        }
        String message = "The event log " + eventLog + " deletes records (" + String.join(", ", losses)
                + "): facts rebuilt from it by replay or warm-up would silently lack history. Set retention.ms=-1 "
                + "and retention.bytes=-1 on it (kafka-configs --alter --entity-type topics --entity-name " + eventLog
                + " --add-config retention.ms=-1,retention.bytes=-1), or start with tailor.topics.on-short-retention=warn";
        if (config.onShortRetention() == TopicsConfig.ShortRetention.FAIL) {
            throw new EventLogRetentionException(message);
        }
        Log.error(message);
    }

    private <T> T get(KafkaFuture<T> future) throws TimeoutException, InterruptedException {
        try {
            return future.get(config.checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new TimeoutException(e.getCause().getMessage());
            }
            throw new IllegalStateException(
                    "Kafka refused a topic operation: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
