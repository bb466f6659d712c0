package cz.bridge.delivery;

import java.net.SocketTimeoutException;

/** AristoTelos's answer did not come within BoundedAnswers' time: no answer, like a timeout, in the words given. */
public class AnswerTooSlow extends SocketTimeoutException {

    public AnswerTooSlow(String words) {
        super(words);
    }
}
