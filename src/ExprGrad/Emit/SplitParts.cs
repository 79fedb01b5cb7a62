using System.Linq.Expressions;
using ExprGrad.Runtime;

namespace ExprGrad;

/// <summary>
/// Compiles the parts of a split method (<see cref="MethodSplitter"/>). Compiling a part is mostly the JIT optimizing
/// it, two thirds of the time <c>Grad.Of</c> takes to build a 10,000-node gradient; the parts are independent, so
/// with <see cref="GradientOptions.CompileSplitPartsConcurrently"/> they are compiled on the available cores, the
/// calling thread taking its share. The same methods either way; only the wall-clock time and the thread that spends
/// the processor time differ. <see cref="CoreShare"/> shares them out: the caller starts on the first part at once and
/// blocks (does not spin) while a helper finishes its last, and an error comes back as compiling the part on the
/// calling thread would have thrown it, not wrapped.
/// </summary>
internal static class SplitParts
{
    public static Delegate[] Compile(LambdaExpression[] parts, bool concurrently)
    {
        var compiled = new Delegate[parts.Length];
        if (!concurrently || parts.Length < 2 || Environment.ProcessorCount < 2)
        {
            for (int i = 0; i < parts.Length; i++) compiled[i] = parts[i].Compile();
            return compiled;
        }
        CoreShare.Run(parts.Length, i => compiled[i] = parts[i].Compile());
        return compiled;
    }
}
