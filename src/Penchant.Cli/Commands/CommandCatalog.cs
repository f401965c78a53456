using System.CommandLine;

namespace Penchant.Cli.Commands;

/// <summary>Every verb of the <c>penchant</c> command, one class each.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
        yield return DemoCommand.Create();
        yield return ImportCommand.Create();
        yield return TrainCommand.Create();
        yield return RecommendCommand.Create();
        yield return SimilarCommand.Create();
        yield return SearchCommand.Create();
        yield return ProfileCommand.Create();
        yield return EraseCommand.Create();
        yield return PseudonymsCommand.Create();
        yield return EvaluateCommand.Create();
        yield return RulesCommand.Create();
        yield return SegmentsCommand.Create();
        yield return ServeCommand.Create();
        yield return StatusCommand.Create();
    }
}
