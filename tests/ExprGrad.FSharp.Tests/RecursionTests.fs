/// `let rec` of a tail-recursive local function (issue 15), lowered onto a loop over mutables: the number of calls
/// is decided when the gradient runs, never unrolled. Expected values by hand in each test's comment, or central
/// differences; non-tail recursion is RecursionFrameTests'.
module ExprGrad.FSharp.Tests.RecursionTests

open System
open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``the accumulator loop of F#`` () =
    // acc: 0.5 → 0.5x + 1 → … → 0.5x³ + x² + x + 1 = 11 at 2; derivative 1.5x² + 2x + 1 = 11.
    let value, g = valueAndGrad <@ fun (x: float) -> let rec go i acc = if i = 3 then acc else go (i + 1) (acc * x + 1.0) in go 0 0.5 @> 2.0
    Assert.Equal(11.0, value)
    Assert.Equal(11.0, g)

[<Fact>]
let ``a recursion over an array's length serves every length`` () =
    // Σ xᵢ²: gradient 2x, whatever the length.
    let g = grad <@ fun (x: float[]) -> let rec go i acc = if i = x.Length then acc else go (i + 1) (acc + x[i] * x[i]) in go 0 0.0 @>
    Assert.Equal<float[]>([| 2.0; 4.0; 6.0 |], g [| 1.0; 2.0; 3.0 |])
    Assert.Equal<float[]>([| -2.0 |], g [| -1.0 |])

[<Fact>]
let ``tupled parameters, a tuple result and two calls`` () =
    // go (i, acc) multiplies by x three times: x³ → 3x² = 12 at 2.
    Assert.Equal(12.0, grad <@ fun (x: float) -> let rec go (i, acc) = if i = 3 then acc else go (i + 1, acc * x) in go (0, 1.0) @> 2.0)
    // (a, b) ← (b, a + b·x) three times from (1, 1): a = 1 + x + x², b = 1 + 2x + x² + x³; at 2 (7, 17), a·b = 119,
    // (a·b)' = (1 + 2x)·b + a·(2 + 2x + 3x²) = 5·17 + 7·18 = 211.
    let value, g = valueAndGrad <@ fun (x: float) -> let rec go i a b = if i = 0 then (a, b) else go (i - 1) b (a + b * x) in let (p, q) = go 3 1.0 1.0 in p * q @> 2.0
    Assert.Equal(119.0, value)
    Assert.Equal(211.0, g)
    // x² + x³ from two calls of one function: 2x + 3x² = 16 at 2.
    Assert.Equal(16.0, grad <@ fun (x: float) -> let rec go i acc = if i = 0 then acc else go (i - 1) (acc * x) in go 2 1.0 + go 3 1.0 @> 2.0)

[<Fact>]
let ``a stopping test on the state: Newton's square root and a growth loop`` () =
    // Newton for √a converges to 2 at a = 4; d√a/da = 1/(2√a) = 0.25.
    let value, g = valueAndGrad <@ fun (a: float) -> let rec next y k = if k = 0 then y else next (0.5 * (y + a / y)) (k - 1) in next 1.0 20 @> 4.0
    Assert.Equal(2.0, value, 12)
    Assert.Equal(0.25, g, 12)
    // s ← s·x until s > 100: five steps at x = 3, so x⁵ = 243 and 5x⁴ = 405.
    let value, g = valueAndGrad <@ fun (x: float) -> let rec go s = if s > 100.0 then s else go (s * x) in go 1.0 @> 3.0
    Assert.Equal(243.0, value)
    Assert.Equal(405.0, g)

/// Horner's rule as a script helper would write it: Σ cᵢ·xⁱ from the highest coefficient down.
[<ReflectedDefinition>]
let rec horner (c: float[]) (x: float) (i: int) (acc: float) = if i < 0 then acc else horner c x (i - 1) (acc * x + c[i])

[<ReflectedDefinition>]
let rec factorialTimes (x: float) (n: int) = if n = 0 then 1.0 else x * factorialTimes x (n - 1)

[<Fact>]
let ``a recursive [<ReflectedDefinition>] function is lowered like a local one`` () =
    // p(x) = 1 + 2x + 3x² at x = 2 is 17; ∂p/∂x = 2 + 6x = 14; ∂p/∂cᵢ = xⁱ = (1, 2, 4).
    let value, (gc, gx) = valueAndGrad <@ fun (c: float[], x: float) -> horner c x (c.Length - 1) 0.0 @> ([| 1.0; 2.0; 3.0 |], 2.0)
    Assert.Equal(17.0, value)
    Assert.Equal<float[]>([| 1.0; 2.0; 4.0 |], gc)
    Assert.Equal(14.0, gx)
    // Not tail-recursive: lowered onto frames (RecursionFrameTests). factorialTimes x 3 = x³, derivative 3x² = 12 at 2.
    Assert.Equal(12.0, grad <@ fun x -> factorialTimes x 3 @> 2.0)

[<Fact>]
let ``a partial application of a recursive function is named with the fix`` () =
    rejects "partial application of the recursive function 'go'" (fun () -> box (grad <@ fun x -> let rec go i acc = if i = 0 then acc else go (i - 1) (acc * x) in let h = go 2 in h 1.0 @>))

let private discounted = grad <@ fun (x: float[]) -> let rec go i acc = if i < 0 then acc else go (i - 1) (acc * cos x[i] + x[i] * x[i]) in go (x.Length - 1) 0.7 @>

[<Property(MaxTest = 100, Replay = "(20261129,53)", Arbitrary = [| typeof<VectorGenerators> |])>]
let ``a tail recursion over the input matches central differences at every length`` (Vector x) =
    let plain (x: float[]) =
        let rec go i acc = if i < 0 then acc else go (i - 1) (acc * cos x[i] + x[i] * x[i])
        go (x.Length - 1) 0.7
    assertClose $"go at %A{x}" (numericGradient plain x) (discounted x)
