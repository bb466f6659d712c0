package cz.bridge.config;

/** A setting the bridge cannot start with, said as what is wrong and what to do; reported in one line (SettingRefusedAnalyzer). */
public class SettingRefused extends IllegalArgumentException {

    private final String problem;
    private final String fix;

    public SettingRefused(String problem, String fix) {
        super(problem + ": " + fix);
        this.problem = problem;
        this.fix = fix;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
