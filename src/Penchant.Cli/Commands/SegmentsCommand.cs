using System.CommandLine;
using System.Globalization;
using Penchant.Cli.Engine;
using Penchant.Core.Segments;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary><c>penchant segments</c>: shopper segments of the store's shoppers whose consent allows profiling.</summary>
public static class SegmentsCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var store = new StoreArguments();
        var k = new Option<int>("-k", "--segments") { Description = "How many segments.", DefaultValueFactory = _ => 8 };
        var command = new Command("segments", "Train from the store and print its shopper segments: groups with a similar mix of interests, largest first.") { k };
        store.AddTo(command);

        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            if (store.Existing(parse, output) is not { } location)
            {
                return 2;
            }

            var count = parse.GetValue(k);
            if (count is < 1 or > 100)
            {
                output.MarkupLineInterpolated($"[red]error:[/] -k must be between 1 and 100, not {count}.");
                return 1;
            }

            await using var engine = await LocalEngine.OpenAsync(location, location.ReadingRecommender(null), location.KeyFileIfAny(), cancellation);
            await engine.ReadyAsync(output, cancellation);
            var result = await engine.Marketing.SegmentsAsync("cli", new SegmentOptions(count), withMembers: false, cancellation);
            output.MarkupLineInterpolated($"[bold]{result.Segments.Count} segments[/] of {result.EligibleShoppers:N0} shoppers by {result.By} ({result.ExcludedForConsent:N0} left out: their consent withholds profiling)");
            output.Write(Table(result));
            return 0;
        });
        return command;
    }

    /// <summary>The segments as a table: number, label, size and top interests with their mean shares.</summary>
    public static Table Table(Penchant.Server.Contracts.SegmentsResponse result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var table = new Table().AddColumns("#", "segment", "shoppers", "top interests (mean share)");
        foreach (var segment in result.Segments)
        {
            table.AddRow(
                segment.Id.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(segment.Label),
                segment.Size.ToString("N0", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", segment.TopInterests.Select(static t => $"{t.Interest} {(t.Share * 100).ToString("0", CultureInfo.InvariantCulture)}%"))));
        }

        return table;
    }
}
