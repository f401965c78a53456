using System.CommandLine;
using System.Text;
using Penchant.Core.Privacy;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// <c>penchant pseudonyms</c>: the shop's own user ids beside the pseudonyms the store knows them by, so that an
/// audience or a segment's members (named by pseudonym) can be joined back to the shop's customers. Reads one id per
/// line (a file, or standard input) and writes <c>user_id,pseudonym</c> CSV (a file, or standard output).
/// </summary>
public static class PseudonymsCommand
{
    public static Command Create(IAnsiConsole? console = null, TextReader? input = null, TextWriter? standardOutput = null)
    {
        var database = CommonOptions.Database();
        var key = PseudonymKeyFile.Option();
        var from = new Option<string?>("--in") { Description = "A file of the shop's user ids, one per line (default: standard input)." };
        var to = new Option<string?>("--out") { Description = "Write the CSV here (default: standard output)." };
        var command = new Command("pseudonyms", "Print the pseudonym of each of the shop's user ids (one per line) under the store's key, as user_id,pseudonym CSV.")
        {
            database, key, from, to,
        };

        command.SetAction(async (parse, cancellation) =>
        {
            var output = console ?? AnsiConsole.Console;
            if (PseudonymKeyFile.Existing(output, parse.GetValue(database)!, parse.GetValue(key)) is not { } keyFile)
            {
                return 2;
            }

            var pseudonymizer = Pseudonymizer.FromConfiguration(await File.ReadAllTextAsync(keyFile, cancellation));
            using var reader = parse.GetValue(from) is { } inFile ? new StreamReader(inFile, Encoding.UTF8) : null;
            await using var writer = parse.GetValue(to) is { } outFile ? new StreamWriter(outFile, append: false, new UTF8Encoding(false)) : null;
            var source = reader ?? input ?? Console.In;
            var target = writer ?? standardOutput ?? Console.Out;
            var (written, rejected) = await WriteAsync(pseudonymizer, source, target, output, cancellation);
            await target.FlushAsync(cancellation);
            if (writer is not null || rejected > 0)
            {
                output.MarkupLineInterpolated($"{written:N0} pseudonyms written; {rejected:N0} lines rejected.");
            }

            return rejected > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>Writes the header and a row per id; an empty line is named on <paramref name="errors"/> and skipped.</summary>
    internal static async Task<(int Written, int Rejected)> WriteAsync(Pseudonymizer pseudonymizer, TextReader source, TextWriter target, IAnsiConsole errors, CancellationToken cancellation)
    {
        await target.WriteLineAsync("user_id,pseudonym".AsMemory(), cancellation);
        var (written, rejected, number) = (0, 0, 0);
        while (await source.ReadLineAsync(cancellation) is { } line)
        {
            number++;
            if (line.Length == 0)
            {
                errors.MarkupLineInterpolated($"[red]line {number}:[/] empty user id");
                rejected++;
                continue;
            }

            // Ids are taken exactly as written (as the store takes them), so surrounding spaces are kept.
            await target.WriteLineAsync($"{Quote(line)},{pseudonymizer.Pseudonymize(line)}".AsMemory(), cancellation);
            written++;
        }

        return (written, rejected);
    }

    // RFC 4180: a field with a comma, quote or surrounding space is quoted, quotes doubled.
    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r']) >= 0 || field.Trim().Length != field.Length ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
