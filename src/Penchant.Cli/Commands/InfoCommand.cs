using System.CommandLine;
using Penchant.Core.Recommenders;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant info</c>: what this build can do.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Show this build's version and the model kinds it can read.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"Penchant {typeof(InfoCommand).Assembly.GetName().Version}");
            Console.WriteLine($"Model kinds: {string.Join(", ", ModelFile.Kinds.Order(StringComparer.Ordinal))}");
            return 0;
        });
        return command;
    }
}
