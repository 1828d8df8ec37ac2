package katas.kit.process;

/** Words for exit codes that mean more than "failed". Stateless. */
final class ExitCodes {

    private ExitCodes() {}

    static String explain(int exitCode) {
        if (exitCode == ChildMain.PARENT_DIED_EXIT_CODE) {
            return " (its parent process died, so it ended itself)";
        }
        if (exitCode == 137) {
            return " (128 + 9: killed with SIGKILL, e.g. by kill(), close() or kill -9)";
        }
        if (exitCode == 143) {
            return " (128 + 15: terminated with SIGTERM)";
        }
        if (exitCode > 128 && exitCode < 128 + 65) {
            return " (128 + " + (exitCode - 128) + ": killed by signal " + (exitCode - 128) + ")";
        }
        return "";
    }
}
