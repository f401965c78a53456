using System.CommandLine;
using System.Security.Cryptography;
using Penchant.Core.Privacy;
using Penchant.Server.Options;
using Spectre.Console;

namespace Penchant.Cli.Commands;

/// <summary>
/// Where the CLI keeps the pseudonym key of a database: a file beside it (<c>shop.db</c> → <c>shop.db.key</c>),
/// never inside it, readable by the owner only. <c>import</c>, <c>demo</c>, <c>train</c> and <c>similar</c> create
/// one when it is missing; <c>recommend</c>, <c>profile</c> and <c>erase</c> need the one the data was imported
/// with; <c>serve</c> takes it only when named (<c>--pseudonym-key-file</c> or the configuration), so a server never
/// runs under a key nobody chose.
/// </summary>
public static class PseudonymKeyFile
{
    /// <summary>The file name suffix of the default key file.</summary>
    public const string Suffix = ".key";

    /// <summary><c>--pseudonym-key-file</c>.</summary>
    public static Option<string?> Option() => new("--pseudonym-key-file")
    {
        Description = $"The file holding the key that turns user ids into pseudonyms (default: the database path + '{Suffix}').",
    };

    /// <summary>The key file to use with <paramref name="database"/>: the one given, else the default beside it.</summary>
    public static string PathFor(string database, string? given) => given ?? database + Suffix;

    /// <summary>Creates a random 256-bit key at <paramref name="path"/> unless one exists; true when it created one.</summary>
    public static bool EnsureExists(string path)
    {
        if (File.Exists(path))
        {
            return false;
        }

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
        writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(PseudonymKey.MinimumBytes)));
        return true;
    }

    /// <summary>
    /// The key file of <paramref name="database"/> for a verb that maps user ids, or null (after saying why on
    /// <paramref name="output"/>) when it does not exist: such a verb would silently find no one under another key.
    /// </summary>
    public static string? Existing(IAnsiConsole output, string database, string? given)
    {
        ArgumentNullException.ThrowIfNull(output);
        var path = PathFor(database, given);
        if (File.Exists(path))
        {
            return path;
        }

        output.MarkupLineInterpolated(
            $"[red]No pseudonym key at {path}.[/] The store keeps user ids as pseudonyms made with the key it was imported with; pass that file with --pseudonym-key-file (setting {PrivacyOptions.KeyFileSettingName}).");
        return null;
    }
}
