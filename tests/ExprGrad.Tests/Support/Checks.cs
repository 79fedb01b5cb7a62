using FsCheck;
using Microsoft.FSharp.Core;

namespace ExprGrad.Tests.Support;

/// <summary>FsCheck configurations with fixed seeds, so a CI run tests the same cases every time.</summary>
public static class Checks
{
    public static Config Seeded(int seed, int maxTest = 100) =>
        Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd((ulong)seed * 2654435761UL + 1), FSharpOption<int>.None)));
}
