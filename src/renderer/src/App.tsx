import { TooltipProvider } from './components/tooltip';
import { Shell } from './features/shell/Shell';

export function App() {
  return (
    <TooltipProvider delayDuration={300}>
      <Shell />
    </TooltipProvider>
  );
}
