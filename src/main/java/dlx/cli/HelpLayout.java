package dlx.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;

/**
 * Footers whose indented lines (examples, commands to copy) are printed whole whatever the width: picocli wraps
 * every line at the usage width, which broke {@code optimizer.lr=$lr} across two lines. Prose lines still wrap.
 */
final class HelpLayout {
    private HelpLayout() {
    }

    /** Installs the footer layout on {@code commandLine} and every subcommand under it. */
    static void apply(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, HelpLayout::footer);
        commandLine.getSubcommands().values().forEach(HelpLayout::apply);
    }

    static String footer(Help help) {
        int width = help.commandSpec().usageMessage().width();
        StringBuilder text = new StringBuilder();
        for (String line : help.commandSpec().usageMessage().footer()) {
            String formatted = String.format(Locale.ROOT, line);
            if (formatted.startsWith(" ")) {
                text.append(formatted).append(System.lineSeparator());
            } else {
                Help.TextTable table = Help.TextTable.forColumns(help.colorScheme(),
                        new Column(width, 0, Column.Overflow.WRAP));
                table.indentWrappedLines = 0;
                table.addRowValues(formatted);
                text.append(table);
            }
        }
        return text.toString();
    }
}
