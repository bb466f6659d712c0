package cz.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A secret from openssl rand -base64 has + and / in it. Pasted into Daktela's URL as it is (?secret=...), its + was read
 * as a space and every callback answered 401; encoded by the URL's rules (%2B) it matched. Both match now.
 */
@TestPropertySource(properties = "bridge.callback.secret=" + QuerySecretTest.BASE64_SECRET)
class QuerySecretTest extends BridgeIntegrationTest {

    static final String BASE64_SECRET = "q+Vx3/7kR9+eLw2ZpT4=";

    private int postWithQuery(String query) {
        return post(callbackUri(query), "application/json", "{\"event\":\"login\",\"user\":\"" + agent("query-secret") + "\"}", null)
                .statusCode();
    }

    @Test
    void aSecretWithAPlusMatchesAsWrittenAndAsEncoded() {
        assertThat(postWithQuery("secret=" + BASE64_SECRET)).as("as written").isEqualTo(202);
        assertThat(postWithQuery("secret=q%2BVx3%2F7kR9%2BeLw2ZpT4%3D")).as("encoded").isEqualTo(202);
        assertThat(postWithQuery("secret=q+Vx3/7kR9+eLw2ZpT4")).as("a character short").isEqualTo(401);
        assertThat(postWithQuery("secret=q%20Vx3/7kR9%20eLw2ZpT4=")).as("spaces for the pluses").isEqualTo(401);
        assertThat(postWithQuery("lang=cs")).as("none").isEqualTo(401);
    }

    /** A header row left blank in Daktela's webhook form, beside the secret in the URL: the empty header was checked, 401. */
    @Test
    void anEmptySecretHeaderBesideTheQuerysSecretIsNone() {
        String body = "{\"event\":\"login\",\"user\":\"" + agent("empty-header") + "\"}";
        assertThat(post(callbackUri("secret=" + BASE64_SECRET), "application/json", body, "").statusCode()).isEqualTo(202);
        var neither = post(callbackUri("lang=cs"), "application/json", body, "");
        assertThat(neither.statusCode()).isEqualTo(401);
        assertThat(neither.body()).contains("missing callback secret");
    }
}
