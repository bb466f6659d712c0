package cz.bridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * The JSON of a stored event is what journals already hold: written byte for byte as before, and
 * read back, also as older versions wrote it (no origin). Camel's json data format would have to
 * write and read exactly this (README: why the codec stays). No Spring context.
 */
class EventCodecTest {

    private final EventCodec codec = new EventCodec(Jackson2ObjectMapperBuilder.json().build());

    private static final AgentEvent LUNCH = new AgentEvent("d-b5ed", "jnovak", EventKind.UNREADY, "lunch",
            OffsetDateTime.parse("2026-11-24T11:30:02+01:00"), OffsetDateTime.parse("2026-11-24T11:30:02.417+01:00"));
    private static final String LUNCH_STORED = "{\"id\":\"d-b5ed\",\"user\":\"jnovak\",\"kind\":\"UNREADY\",\"pause\":\"lunch\","
            + "\"time\":\"2026-11-24T11:30:02+01:00\",\"receivedAt\":\"2026-11-24T11:30:02.417+01:00\",\"origin\":null}";

    @Test
    void writesTheStoredFormatAsJournalsHoldIt() {
        assertThat(codec.toJson(LUNCH)).isEqualTo(LUNCH_STORED);
    }

    @Test
    void readsWhatJournalsHoldKeepingTheOffset() {
        assertThat(codec.fromJson(LUNCH_STORED)).isEqualTo(LUNCH);
        String summer = "{\"id\":\"r-1\",\"user\":\"pdvorak\",\"kind\":\"LOGOUT\",\"pause\":null,"
                + "\"time\":\"2026-07-01T08:00:00+02:00\",\"receivedAt\":\"2026-07-01T08:00:01+02:00\",\"origin\":\"repair\"}";
        assertThat(codec.fromJson(summer).time()).isEqualTo(OffsetDateTime.parse("2026-07-01T08:00:00+02:00"))
                .hasToString("2026-07-01T08:00+02:00");
        assertThat(AgentEvent.repaired(codec.fromJson(summer))).isTrue();
    }

    @Test
    void readsEventsStoredBeforeOriginsWereRecorded() {
        String older = "{\"id\":\"d-b5ed\",\"user\":\"jnovak\",\"kind\":\"UNREADY\",\"pause\":\"lunch\","
                + "\"time\":\"2026-11-24T11:30:02+01:00\",\"receivedAt\":\"2026-11-24T11:30:02.417+01:00\"}";
        assertThat(codec.fromJson(older)).isEqualTo(LUNCH);
    }
}
