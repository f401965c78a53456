using System.CommandLine;
using Penchant.Cli.Commands;

var root = new RootCommand("Penchant: learns what each shopper is interested in, recommends from it, and explores new interests.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
