using System.CommandLine;
using System.Diagnostics;
using Penchant.Cli.Engine;
using Penchant.Core.Recommenders;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant train</c>: trains the configured recommender from the store and optionally saves the model.</summary>
public static class TrainCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var recommender = CommonOptions.Recommender();
        var output = new Option<string?>("--out", "-o") { Description = "Write the trained model to this file (Penchant's versioned binary model format)." };
        var command = new Command("train", "Train a recommender from the store and report what it learned from.") { recommender, output };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var console2 = console ?? AnsiConsole.Console;
            if (store.Existing(parse, console2) is not { } location)
            {
                return 2;
            }

            var clock = Stopwatch.StartNew();
            await using var engine = await LocalEngine.OpenAsync(location, parse.GetValue(recommender), location.KeyFileIfAny(), cancellation);
            var snapshot = await engine.TrainAsync(cancellation);
            console2.MarkupLineInterpolated($"Trained [bold]{snapshot.Recommender}[/] on {snapshot.Users.Count:N0} shoppers, {snapshot.ItemCount:N0} items, {snapshot.Interactions:N0} interactions from {snapshot.Events:N0} events in {clock.Elapsed.TotalSeconds:F1} s.");
            if (snapshot.Selection is { } selection)
            {
                console2.MarkupLineInterpolated($"Chosen by --recommender auto: {selection}");
            }

            // With the store's key known, the snapshot is saved where `serve` and the reading verbs pick it up.
            if (location.KeyFileIfAny() is not null && await engine.SaveAsync(snapshot, cancellation) is { } saved)
            {
                console2.MarkupLineInterpolated($"Serving snapshot saved to {saved}: `serve`, `recommend`, `similar`, `profile` and `segments` start from it until new events arrive.");
            }

            if (parse.GetValue(output) is { } file && snapshot.Model is { } model)
            {
                await using var stream = File.Create(file);
                ModelFile.Save(model, stream);
                console2.MarkupLineInterpolated($"Model written to {file} ({stream.Length:N0} bytes).");
            }

            return 0;
        });
        return command;
    }
}
