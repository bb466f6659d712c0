package cz.bridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import cz.bridge.daktela.DaktelaClient;
import cz.bridge.validate.DaktelaCheckFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Daktela simulator's realtime sessions, read through the bridge's Daktela client, and its demo door. */
class DaktelaSimulatorTest {

    private final DaktelaSimulator daktela;

    DaktelaSimulatorTest() throws Exception {
        daktela = new DaktelaSimulator("token");
    }

    @AfterEach
    void close() {
        daktela.close();
    }

    @Test
    void realtimeSessionsArePagedUntilTotalWithTheToken() {
        LocalDateTime at = LocalDateTime.of(2026, 11, 24, 10, 15, 2);
        for (int i = 0; i < 7; i++) {
            daktela.session("agent-" + i, i % 2 == 0 ? "Paused" : "Idle", i % 2 == 0 ? "lunch" : null, at, i % 2 == 0 ? at : null);
        }
        List<JsonNode> records = new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS);
        assertThat(records).hasSize(7);
        assertThat(records.get(0).get("id_agent").get("name").asText()).isEqualTo("agent-0");
        assertThat(records.get(0).get("id_pause").get("name").asText()).isEqualTo("lunch");
        assertThat(records.get(0).get("onpause").asText()).isEqualTo("2026-11-24 10:15:02");
        assertThat(daktela.requests()).extracting(DaktelaSimulator.Request::skip).containsExactly(0, 3, 6);

        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "wrong", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).isInstanceOf(DaktelaCheckFailed.class).hasMessageContaining("401");
        daktela.failingPage(2);
        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).isInstanceOf(DaktelaCheckFailed.class).hasMessageContaining("500");
        daktela.healthy().sessionsAnswer(200, "{\"error\":[],\"result\":{\"data\":[],\"total\":5}}");
        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).isInstanceOf(DaktelaCheckFailed.class).hasMessageContaining("empty page");
    }

    /**
     * An agent who logs out while the list is read page by page moves the ones after it a place forward: the next page
     * starts one later, one agent is never read, and the shorter total ends the read as whole. A total that changes
     * between pages fails the read, as a list read twice does, so that no pass logs out the agent it missed.
     */
    @Test
    void aListWhoseTotalChangesBetweenPagesIsNoWholeRead() {
        LocalDateTime at = LocalDateTime.of(2026, 11, 24, 10, 15, 2);
        for (int i = 0; i < 6; i++) {
            daktela.session("agent-" + i, "Idle", null, at, null);
        }
        daktela.beforeSessionsPage(1, () -> daktela.logout("agent-0"));
        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("6 realtime sessions, then 5: the list changed while it was read");
        daktela.beforeSessionsPage(1, () -> daktela.session("agent-9", "Idle", null, at, null));
        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("5 realtime sessions, then 6");
        assertThat(new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).as("unchanged, read whole").hasSize(6);
    }

    /** A long run polls every second: the simulator keeps the latest requests, oldest first, dropping the oldest. */
    @Test
    void keepsTheLatestRequestsAndDropsTheOldest() {
        try (DaktelaSimulator small = new DaktelaSimulator(0, "token", 3)) {
            LocalDateTime at = LocalDateTime.of(2026, 11, 24, 10, 15, 2);
            for (int i = 0; i < 10; i++) {
                small.session("agent-" + i, "Idle", null, at, null);
            }
            // ten agents in pages of two: five requests, skip 0, 2, 4, 6, 8
            new DaktelaClient(small.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 2).fetchAll(DaktelaClient.REALTIME_SESSIONS);
            assertThat(small.requests()).extracting(DaktelaSimulator.Request::skip).containsExactly(4, 6, 8);
        }
    }
}
