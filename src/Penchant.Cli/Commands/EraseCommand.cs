using System.CommandLine;
using System.Text.Json;
using Penchant.Cli.Engine;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant erase --user U</c>: removes every stored trace of a shopper at once (events, user row, surrogate key;
/// the database's write-ahead log flushed and truncated) and prints the erasure receipt as JSON.
/// </summary>
public static class EraseCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var user = CommonOptions.Shopper();
        var key = PseudonymKeyFile.Option();
        var command = new Command("erase", "Erase a shopper from the store at once and print the erasure receipt (JSON).") { user, key };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            if (store.Existing(parse, output) is not { } location)
            {
                return 2;
            }

            if (location.KeyFile(output, parse.GetValue(key)) is not { } keyFile)
            {
                return 2;
            }

            await using var engine = await LocalEngine.OpenAsync(location, null, keyFile, cancellation);
            var response = await engine.Erasure.EraseAsync(parse.GetValue(user)!, "cli", cancellation);
            output.WriteLine(JsonSerializer.Serialize(response, JsonOptions));
            if (!response.Receipt.RemovedAnything)
            {
                output.MarkupLine("[yellow]Nothing was stored for this shopper (or the key is not the one the data was imported with).[/]");
            }

            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
