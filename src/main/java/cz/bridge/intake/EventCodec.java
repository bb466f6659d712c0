package cz.bridge.intake;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** An event as the JSON text stored in the queue; times keep the offset they happened at. */
public record EventCodec(ObjectMapper json) {

    public EventCodec {
        json = json.copy()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    public String toJson(AgentEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an agent event is always writable", e);
        }
    }

    public AgentEvent fromJson(String text) {
        try {
            return json.readValue(text, AgentEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored event cannot be read: " + e.getMessage(), e);
        }
    }
}
