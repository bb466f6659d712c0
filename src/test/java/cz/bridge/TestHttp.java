package cz.bridge;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The tests' one way to send an HTTP request whose answer they check. */
final class TestHttp {

    private TestHttp() {
    }

    /** Sends the request; that it could not be sent fails the test, saying what it was. */
    static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request, String what) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(what + " could not be sent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
