/// A recursive call whose arguments, or the branch around it, read what another call returned (issue 15):
/// `let a = f (n - 1) * 2.0 in f a`, `if f (n - 1) > c then … f (n - 1) … else …`. The stack machine makes the
/// first call on its own and takes the rest of the path, which reads its result, when it returns. Expected values by
/// hand in each test's comment, or central differences of the same recursion in plain F#.
module ExprGrad.FSharp.Tests.RecursionResultTests

open Xunit
open FsCheck.Xunit
open ExprGrad.FSharp
open ExprGrad.FSharp.Tests.Support

[<Fact>]
let ``an argument computed from a returned value`` () =
    // f 0 y = x·y, f n y = f (n − 1) (2·f (n − 1) y): f n y = cₙ·y with c₀ = x, cₙ = 2cₙ₋₁², so f 2 1 = 8x⁴ = 0.5 at
    // x = 0.5, derivative 32x³ = 4.
    let value, g = valueAndGrad <@ fun x -> let rec f n y = if n = 0 then x * y else (let a = f (n - 1) y * 2.0 in f (n - 1) a) in f 2 1.0 @> 0.5
    Assert.Equal(0.5, value)
    Assert.Equal(4.0, g)

[<Fact>]
let ``a branch decided by a returned value`` () =
    // f 0 = x; f n = f (n − 1)/2 when f (n − 1) > 1, else f (n − 1)·x. At x = 2: f₀ = 2, f₁ = 1, f₂ = 2, f₃ = 1;
    // derivatives 1, 0.5, 0.5·2 + 1 = 2, 1.
    let value, g = valueAndGrad <@ fun x -> let rec f n = if n = 0 then x else (if f (n - 1) > 1.0 then f (n - 1) * 0.5 else f (n - 1) * x) in f 3 @> 2.0
    Assert.Equal(1.0, value)
    Assert.Equal(1.0, g)
    // Inside an expression: x·(if f (n − 1) > 0 then f (n − 2) else 1), f n = 1 for n < 2: at x = 3, f₂ = x, f₃ = x·f₁ = x,
    // f₄ = x·f₂ = x² = 9, derivative 2x = 6.
    Assert.Equal((9.0, 6.0), valueAndGrad <@ fun x -> let rec f n = if n < 2 then 1.0 else x * (if f (n - 1) > 0.0 then f (n - 2) else 1.0) in f 4 @> 3.0)

let private plainArgument (x: float) (depth: int) =
    let rec f n y = if n = 0 then sin (y + x) else (let a = f (n - 1) y * 0.5 in f (n - 1) (a + x))
    f depth x

let private argumentGradient =
    grad <@ fun (x: float, k: float) -> let rec f n y = if n = 0 then sin (y + x) else (let a = f (n - 1) y * 0.5 in f (n - 1) (a + x)) in f (int k) x @>

[<Property(MaxTest = 60, Replay = "(20261129,131)", Arbitrary = [| typeof<Generators> |])>]
let ``an argument from a returned value matches central differences at depths 0 to 8`` (Unit' x) (d: byte) =
    let depth = int d % 9
    let dx, dk = argumentGradient (x, float depth)
    assertClose $"depth {depth} at {x}" [| derivative (fun t -> plainArgument t depth) x; 0.0 |] [| dx; dk |]

/// The branches agree at r = 0.3 up to the second derivative, so central differences hold across the switch.
let private plainBranch (x: float) (depth: int) =
    let rec f n =
        if n = 0 then x
        elif f (n - 1) > 0.3 then (let s = f (n - 1) - 0.3 in 0.3 + 0.8 * s + x * s * s * s)
        else (let s = f (n - 1) - 0.3 in 0.3 + 0.8 * s - 0.5 * s * s * s)
    f depth

let private branchGradient =
    grad <@ fun (x: float, k: float) ->
        let rec f n =
            if n = 0 then x
            elif f (n - 1) > 0.3 then (let s = f (n - 1) - 0.3 in 0.3 + 0.8 * s + x * s * s * s)
            else (let s = f (n - 1) - 0.3 in 0.3 + 0.8 * s - 0.5 * s * s * s)
        f (int k) @>

[<Property(MaxTest = 60, Replay = "(20261129,137)", Arbitrary = [| typeof<Generators> |])>]
let ``a branch on a returned value matches central differences at depths 0 to 8`` (Unit' x) (d: byte) =
    let depth = int d % 9
    let dx, dk = branchGradient (x, float depth)
    assertClose $"depth {depth} at {x}" [| derivative (fun t -> plainBranch t depth) x; 0.0 |] [| dx; dk |]

[<Fact>]
let ``a first call reading a value bound inside the expression is named`` () =
    rejects "'f', called with an argument read from a value bound inside the expression around the call" (fun () ->
        box (grad <@ fun x -> let rec f n = if n <= 0 then x else x * (let m = n - 1 in f m) + f (n - 2) in f 3 @>))
