package dev.tailor.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the prod profile's start-up checks refuse, and that each refusal says what to set. */
class SafeStartTest {

    private static SecurityConfig config(boolean enabled, String bootstrapKey) {
        return new SecurityConfig() {
            public boolean enabled() {
                return enabled;
            }

            public Optional<String> bootstrapKey() {
                return Optional.ofNullable(bootstrapKey);
            }

            public String bootstrapScopes() {
                return "admin";
            }

            public Duration rateLimitBudget() {
                return Duration.ofMillis(25);
            }

            public Duration reloadEvery() {
                return Duration.ofSeconds(10);
            }

            public boolean startupChecks() {
                return true;
            }

            public boolean protectApiDocs() {
                return true;
            }
        };
    }

    @Test
    void theDevelopmentKeyIsRefusedNamingWhatToSet() {
        assertThat(SafeStart.refusal(config(true, "tailor-local-dev-key")))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("development key").contains("TAILOR_BOOTSTRAP_KEY"));
        assertThat(SafeStart.refusal(config(true, "  tailor-local-dev-key "))).isPresent();
    }

    @Test
    void aShortBootstrapKeyIsRefused() {
        assertThat(SafeStart.refusal(config(true, "admin123")))
                .hasValueSatisfying(
                        why -> assertThat(why).contains("shorter than 24").contains("TAILOR_BOOTSTRAP_KEY"));
    }

    @Test
    void securitySwitchedOffIsRefused() {
        assertThat(SafeStart.refusal(config(false, null)))
                .hasValueSatisfying(why -> assertThat(why).contains("tailor.security.enabled=false"));
    }

    @Test
    void aLongRandomKeyOrNoBootstrapKeyPasses() {
        assertThat(SafeStart.refusal(config(true, "Zq8vN3kP0sLw7YbT2mRf5HcX1dGj")))
                .isEmpty();
        assertThat(SafeStart.refusal(config(true, null))).isEmpty();
    }

    @Test
    void noAdminKeyStopsTheStartSayingWhatToSet() {
        assertThatThrownBy(() -> SafeStart.refuse(SafeStart.NO_ADMIN_KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refuses to start")
                .hasMessageContaining("TAILOR_BOOTSTRAP_KEY")
                .hasMessageContaining("TAILOR_SECURITY_BOOTSTRAP_SCOPES");
    }
}
