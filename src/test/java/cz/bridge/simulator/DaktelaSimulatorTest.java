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
     * starts one later, one agent is never read, and the shorter total ended the read as whole. A total that changes
     * between pages makes the list read again from its start; one that changes at every read fails it, as a list read
     * twice does, so that no pass logs out an agent it missed.
     */
    @Test
    void aListWhoseTotalChangesBetweenPagesIsReadAgain() {
        LocalDateTime at = LocalDateTime.of(2026, 11, 24, 10, 15, 2);
        for (int i = 0; i < 6; i++) {
            daktela.session("agent-" + i, "Idle", null, at, null);
        }
        daktela.beforeSessionsPage(1, () -> daktela.logout("agent-0"));
        List<JsonNode> read = new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS);
        assertThat(read).extracting(r -> r.get("id_agent").get("name").asText())
                .containsExactly("agent-1", "agent-2", "agent-3", "agent-4", "agent-5");
        assertThat(daktela.requests()).extracting(DaktelaSimulator.Request::skip).containsExactly(0, 3, 0, 3);

        // an agent more before every second page: the total differs at every read
        int[] added = {0};
        Runnable[] grow = new Runnable[1];
        grow[0] = () -> {
            daktela.session("new-" + added[0]++, "Idle", null, at, null);
            daktela.beforeSessionsPage(1, grow[0]);
        };
        daktela.beforeSessionsPage(1, grow[0]);
        assertThatThrownBy(() -> new DaktelaClient(daktela.url(), "token", DaktelaClient.DEFAULT_TIMEOUT, 3)
                .fetchAll(DaktelaClient.REALTIME_SESSIONS)).isInstanceOf(DaktelaCheckFailed.class)
                .hasMessageContaining("7 realtime sessions, then 8: the list changed while it was read page by page (3 reads in a row)");
        assertThat(added[0]).as("one change per read").isEqualTo(3);
        daktela.healthy();
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
