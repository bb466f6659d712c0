package cz.bridge.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import cz.bridge.mapping.MappingsFile;

/** Mappings files for the validator's and the translator's tests. */
public final class TestFiles {

    /** The setup guide's table, as the default mappings.yaml has it; lines: Backoffice 2, Oběd 7, Ready 9, Logout 10, Login 11; the Backoffice employee state 13, its terminatingStates 15. */
    public static final String GUIDE = """
            externalStates:
              - {name: Backoffice,   id: 3, code: NotReady, reasonId: 1, reasonCode: backoffice, operatorState: Backoffice}
              - {name: DND,          id: 3, code: NotReady, reasonId: 2, reasonCode: dnd,        operatorState: DND}
              - {name: Email,        id: 3, code: NotReady, reasonId: 3, reasonCode: email,      operatorState: Email}
              - {name: Krátká pauza, id: 3, code: NotReady, reasonId: 4, reasonCode: "11",       operatorState: Krátká pauza}
              - {name: Lajdák,       id: 3, code: NotReady, reasonId: 5, reasonCode: "666",      operatorState: Lajdák}
              - {name: Oběd,         id: 3, code: NotReady, reasonId: 6, reasonCode: lunch,      operatorState: Oběd}
              - {name: Wrap,         id: 3, code: NotReady, reasonId: 7, reasonCode: "20",       operatorState: Wrap}
              - {name: Ready,        id: 2, code: Ready,    reasonId: 0, reasonCode: null,       operatorState: Ready}
              - {name: Logout,       id: 0, code: Logout,   reasonId: 0, reasonCode: null,       operatorState: null}
              - {name: Login,        id: 1, code: Login,    reasonId: 0, reasonCode: null,       operatorState: Ready}
            employeeStates:
              - name: Backoffice
                abbreviation: BO
                terminatingStates: [Backoffice, DND, Email, Krátká pauza, Lajdák, Oběd, Wrap, Ready, Logout]
            """;

    private TestFiles() {
    }

    public static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live reload's checks of a file written and then left as it is: the one that sees the change, and the next. */
    public static void settled(MappingsFile mappings) {
        mappings.reloadIfChanged();
        mappings.reloadIfChanged();
    }

    /** The guide's table with one piece of text replaced (which must be there). */
    static String guideWith(String from, String to) {
        if (!GUIDE.contains(from)) {
            throw new IllegalArgumentException("not in the guide's table: " + from);
        }
        return GUIDE.replace(from, to);
    }
}
