package cz.bridge.monitoring;

import java.util.Map;

import cz.bridge.logging.OneLine;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A management request whose JSON body cannot be read (a replay typed by hand with a quote missing) got Spring's
 * bare 400, which said nothing of the body. The callback port never gets here: its bodies are read by the door and
 * the routes, not by Spring MVC.
 */
@RestControllerAdvice
public class UnreadableRequestBody {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", "the body is not JSON that can be read ("
                + OneLine.of(NestedExceptionUtils.getMostSpecificCause(e).getMessage(), 200)
                + "): send an object such as {\"reason\":\"…\"} with Content-Type: application/json"));
    }
}
