using Spectre.Console;

namespace Penchant.Cli.Tests;

/// <summary>A plain-text console whose output the test reads back.</summary>
internal static class RecordingConsole
{
    public static (IAnsiConsole Console, StringWriter Output) Create(int width = 200)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = width;
        return (console, output);
    }
}
