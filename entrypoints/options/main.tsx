import { render } from 'preact';
import { OptionsApp } from './OptionsApp';
import '@/lib/ui/theme.css';
import './style.css';

render(<OptionsApp />, document.getElementById('app')!);
